#!/usr/bin/env bash
# The LAM Simulator loop end to end, runnable here: generate tasks, explore with a model, filter,
# export SFT/DPO data, "train" (a stand-in: the trained model is a second endpoint), evaluate the
# base and the trained model on a held-out split, compare, and analyse errors on sampled states.
#
# Without BASE_ENDPOINT/TRAINED_ENDPOINT it starts two stand-in models on the loopback interface
# (test/fixtures/fake-model-cli.ts: the noisy oracle behind a chat-completions server; the
# "trained" one makes fewer mistakes). Give BASE_ENDPOINT, BASE_MODEL, TRAINED_ENDPOINT and TRAINED_MODEL to
# run it against real OpenAI-compatible servers (e.g. vLLM serving the base and the fine-tuned model).
set -euo pipefail
cd "$(dirname "$0")/.."

LAMSIM=${LAMSIM:-node --import tsx src/cli/main.ts}
OUT=${OUT:-out/recipe}
ENV_ID=${ENV_ID:-toolbench}
TRAIN_SPLIT=${TRAIN_SPLIT:-train}
HELD_OUT=${HELD_OUT:-unseen-tool}
INSTANCES=${INSTANCES:-40}        # exploration tasks (the paper: 400)
KEPT=${KEPT:-10}                  # stop exploring at this many kept trajectories (the paper: 500)
EVAL_EPISODES=${EVAL_EPISODES:-20} # per seed block
SEEDS=${SEEDS:-3}
STATES=${STATES:-40}              # Table 4 states (the paper: 200)
CONCURRENCY=${CONCURRENCY:-4}

mkdir -p "$OUT"
rm -rf "$OUT/explore" "$OUT"/*.json "$OUT"/*.jsonl
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# 1. tasks: instances with their ground truth (add --paraphrase-model M to reword the queries)
$LAMSIM generate --env "$ENV_ID" --split "$TRAIN_SPLIT" --seed 0 --count "$INSTANCES" --out "$OUT/instances.jsonl"

start_model() { # name, noise flags...: starts a stand-in model, prints its URL
  local name=$1; shift
  node --import tsx test/fixtures/fake-model-cli.ts --env "$ENV_ID" --seeds "0:$((EVAL_EPISODES * SEEDS))" \
    --instances "$OUT/instances.jsonl" "$@" > "$OUT/$name.url" 2> "$OUT/$name.log" &
  pids+=($!)
  for _ in $(seq 1 600); do [ -s "$OUT/$name.url" ] && break; sleep 0.1; done
  [ -s "$OUT/$name.url" ] || { echo "recipe: the $name model did not start: $(cat "$OUT/$name.log")" >&2; exit 1; }
}
if [ -z "${BASE_ENDPOINT:-}" ]; then
  start_model base --noise structure=0.1 --noise toolname=0.1 --noise arguments=0.15 --noise answer=0.35 --noise fix=0.6
  BASE_ENDPOINT=$(head -1 "$OUT/base.url"); BASE_MODEL=${BASE_MODEL:-fake-base}
fi
if [ -z "${TRAINED_ENDPOINT:-}" ]; then
  start_model trained --noise structure=0.01 --noise toolname=0.01 --noise arguments=0.02 --noise answer=0.05 --noise fix=0.95
  TRAINED_ENDPOINT=$(head -1 "$OUT/trained.url"); TRAINED_MODEL=${TRAINED_MODEL:-fake-trained}
fi
base=(--policy openai --model "$BASE_MODEL" --base-url "$BASE_ENDPOINT" --mode tools)
trained=(--policy openai --model "$TRAINED_MODEL" --base-url "$TRAINED_ENDPOINT" --mode tools)

# 2. explore as the paper does: 7 samples per step at temperatures 0..1, the action handler picks,
#    until KEPT trajectories pass the filter (resumable with --resume); responses cached
$LAMSIM collect --instances "$OUT/instances.jsonl" "${base[@]}" --preset paper --until-kept "$KEPT" \
  --concurrency "$CONCURRENCY" --cache "$OUT/cache" --out "$OUT/explore"
$LAMSIM stats "$OUT/explore/trajectories.jsonl"

# 3. filter and export: SFT (with the error-and-fix steps), step- and trajectory-level DPO, and an ablation
$LAMSIM filter "$OUT/explore/trajectories.jsonl" --out "$OUT/kept.jsonl" --rejected "$OUT/rejected.jsonl"
$LAMSIM export "$OUT/explore/trajectories.jsonl" --format trl-sft --out "$OUT/sft.jsonl"
$LAMSIM export "$OUT/explore/trajectories.jsonl" --format trl-dpo --level step --out "$OUT/dpo-step.jsonl"
$LAMSIM export "$OUT/explore/trajectories.jsonl" --format trl-sft --filter actions --out "$OUT/sft-actions-only.jsonl"

# 4. train on sft.jsonl / dpo-step.jsonl elsewhere (TRL, LLaMA-Factory, OpenAI); here the trained model is TRAINED_ENDPOINT

# 5. evaluate base and trained on the held-out split: temperature 0, one sample, SEEDS seed blocks
$LAMSIM eval --env "$ENV_ID" --split "$HELD_OUT" --episodes "$EVAL_EPISODES" --seeds "$SEEDS" "${base[@]}" --concurrency "$CONCURRENCY" --out "$OUT/base.json"
$LAMSIM eval --env "$ENV_ID" --split "$HELD_OUT" --episodes "$EVAL_EPISODES" --seeds "$SEEDS" "${trained[@]}" --concurrency "$CONCURRENCY" --out "$OUT/trained.json"
$LAMSIM eval --compare "$OUT/base.json" "$OUT/trained.json" --out "$OUT/comparison.json"

# 6. the paper's Table 4: errors of each model's next action on states sampled from the exploration
$LAMSIM eval --states "$STATES" "$OUT/explore/trajectories.jsonl" "${base[@]}" --out "$OUT/states-base.json"
$LAMSIM eval --states "$STATES" "$OUT/explore/trajectories.jsonl" "${trained[@]}" --out "$OUT/states-trained.json"
