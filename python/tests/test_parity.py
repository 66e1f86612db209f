"""Episodes played in Python over HTTP equal the same episodes played in TypeScript in-process, byte for byte."""
from __future__ import annotations

import json
import random
import shutil
import subprocess
import struct
from pathlib import Path

import lamsim
from conftest import requirement
from lamsim.stable_json import stable_json


def test_python_episodes_match_typescript_byte_for_byte(server: lamsim.Server) -> None:
    folder = Path(requirement("LAMSIM_PARITY_DIR", "the episodes TypeScript played"))
    episodes = json.loads((folder / "episodes.json").read_text(encoding="utf-8"))
    expected = (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines()
    assert {e["env"] for e in episodes} >= {"ToolBench-v0", "CRMArena-v0"}
    lines: list[str] = []
    for episode in episodes:
        env = lamsim.make(episode["env"], split=episode["split"], server=server, worldSeed=episode["worldSeed"])
        try:
            obs, info = env.reset(seed=episode["seed"])
            lines.append(stable_json({"observation": obs, "info": info}))
            for action in episode["actions"]:
                obs, reward, terminated, truncated, info = env.step(action)
                lines.append(stable_json({"observation": obs, "reward": reward, "terminated": terminated, "truncated": truncated, "info": info}))
                if terminated or truncated:
                    break
        finally:
            env.close()
    assert len(lines) == len(expected)
    for index, (mine, theirs) in enumerate(zip(lines, expected)):
        assert mine.encode("utf-8") == theirs.encode("utf-8"), f"line {index} differs"
    assert sum(len(e["actions"]) for e in episodes) > 10


def test_stable_json_numbers_match_javascript() -> None:
    node = shutil.which("node")
    assert node, "node is needed (it runs the server)"
    rng = random.Random(7)
    values = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] for _ in range(300)]
    values += [rng.uniform(-1, 1) * 10 ** rng.randint(-12, 25) for _ in range(300)]
    values += [0.1, -0.05, 1e21, 1e-7, 1e16, 1.5e-6, 1e-6, 100.0, -0.0, 5e-324, 1.7976931348623157e308]
    values = [v for v in values if v == v and abs(v) != float("inf")]
    theirs = subprocess.run([node, "-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(JSON.stringify(JSON.parse(s))))"],
                            input=json.dumps(values), capture_output=True, text=True, check=True).stdout
    assert stable_json(values) == theirs
    text = {"k\u2028": "tab\t\"quote\" \\ \x01 é 🙂", "a": [True, None, 3]}
    theirs = subprocess.run([node, "-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);const keys=Object.keys(v).sort();process.stdout.write('{'+keys.map(k=>JSON.stringify(k)+':'+JSON.stringify(v[k])).join(',')+'}')})"],
                            input=json.dumps(text), capture_output=True, text=True, check=True).stdout
    assert stable_json(text) == theirs
