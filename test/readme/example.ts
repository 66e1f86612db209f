import { make, type StepResult } from 'lamsim';
import 'lamsim/envs'; // registers ToolBench-v0 and CRMArena-v0

const env = make('ToolBench-v0', { split: 'train' });
const { observation } = env.reset({ seed: 42 });
console.log(observation.messages[1]?.content); // the user's query
console.log(observation.tools.map((t) => t.function.name)); // the tools offered this episode

// An action is what a chat model writes: here an OpenAI tool call with an argument the tool lacks.
const call = (name: string, args: object) => ({
  role: 'assistant',
  tool_calls: [{ id: `call_${name}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
});
let result: StepResult = env.step(call(observation.tools[0]!.function.name, { colour: 'red' }));
console.log(result.reward, result.info.action.errorClass, result.info.action.message);

// The terminal tool ends the episode; the answer is checked against the instance's ground truth.
result = env.step(call('Finish', { return_type: 'give_answer', final_answer: '42' }));
console.log(result.terminated, result.reward, result.info.answer?.correct, result.info.answer?.groundTruth);
