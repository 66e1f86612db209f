"""The TRL exports train as exported: a tiny random causal LM and a BPE tokenizer built here (no
downloads) with Qwen2.5's chat template; SFTTrainer on sft-trl.jsonl, DPOTrainer on the step- and
trajectory-level DPO files, loaded by `datasets.load_dataset("json", ...)` with no conversion."""
from __future__ import annotations

import json
import logging
import math
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import requirement

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("WANDB_DISABLED", "true")

torch = pytest.importorskip("torch")
datasets = pytest.importorskip("datasets")
transformers = pytest.importorskip("transformers")
trl = pytest.importorskip("trl")
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers  # noqa: E402

datasets.disable_progress_bars()
transformers.logging.set_verbosity_error()

SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
BATCH = 2
# CRMArena conversations reach ~30k tokens with this small tokenizer: training on them whole would take
# the CI many minutes, so sequences are cut at MAX_LENGTH (TRL's default keep_start truncation), and the
# rows TRL then drops are predicted, counted and reported below. LAMSIM_TRL_MAX_LENGTH=65536 trains on all.
MAX_LENGTH = int(os.environ.get("LAMSIM_TRL_MAX_LENGTH", "2048"))


def report(line: str) -> None:
    print(f"[trl] {line}", flush=True)


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def exports() -> Path:
    folder = Path(requirement("LAMSIM_EXPORTS_DIR", "the TRL files `lamsim export` wrote"))
    for name in ("sft-trl.jsonl", "dpo-step-trl.jsonl", "dpo-trajectory-trl.jsonl"):
        assert read_rows(folder / name), f"{name} is empty: the collected run has no rows of that kind"
    return folder


@pytest.fixture(scope="module")
def tokenizer(exports: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    template_path = Path(requirement("LAMSIM_CHAT_TEMPLATE", "Qwen2.5's chat template from ../shared/fixtures"))
    assert template_path.is_file(), f"the chat-template fixture is absent: {template_path}"
    bpe = Tokenizer(models.BPE(unk_token=None))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    corpus = [line for name in ("sft-trl.jsonl", "dpo-step-trl.jsonl", "dpo-trajectory-trl.jsonl")
              for line in (exports / name).read_text(encoding="utf-8").splitlines()]
    bpe.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=4096, special_tokens=SPECIAL,
                                                         initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False))
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=bpe, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                                chat_template=template_path.read_text(encoding="utf-8"))
    folder = tmp_path_factory.mktemp("tokenizer")
    fast.save_pretrained(folder)
    return transformers.AutoTokenizer.from_pretrained(folder)


def tiny_model(tokenizer: Any) -> Any:
    torch.manual_seed(0)
    config = transformers.Qwen2Config(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=32768,
                                      pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                                      tie_word_embeddings=True)
    return transformers.Qwen2ForCausalLM(config)


def same_json(loaded: Any, original: Any, where: str, rounded: list[str]) -> None:
    """Equal, except floats datasets' `Json` feature rounds (it stores JSON through ujson, 10 decimals)."""
    if isinstance(original, float) or isinstance(loaded, float):
        assert isinstance(loaded, (int, float)) and math.isclose(loaded, original, rel_tol=1e-9, abs_tol=1e-10), f"{where}: {loaded!r} != {original!r}"
        if loaded != original:
            rounded.append(where)
        return
    assert type(loaded) is type(original), f"{where}: {type(loaded).__name__} != {type(original).__name__}"
    if isinstance(original, dict):
        assert loaded.keys() == original.keys(), f"{where}: keys {sorted(loaded)} != {sorted(original)}"
        for key in original:
            same_json(loaded[key], original[key], f"{where}.{key}", rounded)
    elif isinstance(original, list):
        assert len(loaded) == len(original), f"{where}: {len(loaded)} items != {len(original)}"
        for i, (a, b) in enumerate(zip(loaded, original)):
            same_json(a, b, f"{where}[{i}]", rounded)
    else:
        assert loaded == original, f"{where}: {loaded!r} != {original!r}"


def load(path: Path) -> Any:
    """The file as exported, through datasets' JSON loader; every row comes back with the same keys, values and order."""
    dataset = datasets.load_dataset("json", data_files=str(path), split="train")
    rows = read_rows(path)
    assert len(dataset) == len(rows), f"datasets read {len(dataset)} of the {len(rows)} lines of {path.name}"
    rounded: list[str] = []
    for index, (loaded, original) in enumerate(zip(dataset, rows)):
        same_json(loaded, original, f"{path.name}[{index}]", rounded)
    if rounded:
        report(f"{path.name}: datasets' Json feature rounded {len(rounded)} float(s) to 10 decimals on loading (ujson), e.g. {rounded[0]}")
    return dataset


class CountingCollator:
    """Wraps the trainer's collator to count the rows that reached a training batch."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.rows = 0

    def __call__(self, features: list[dict[str, Any]]) -> Any:
        self.rows += len(features)
        return self.inner(features)


def common(tmp: Path, max_length: int) -> dict[str, Any]:
    return dict(output_dir=str(tmp), per_device_train_batch_size=BATCH, num_train_epochs=1, learning_rate=1e-3,
                logging_steps=1, save_strategy="no", report_to=[], use_cpu=True, bf16=False, fp16=False,
                dataloader_num_workers=0, seed=0, max_length=max_length, disable_tqdm=True)


def finish(trainer: Any, counter: CountingCollator, expected_rows: int, what: str) -> None:
    output = trainer.train()
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    report(f"{what}: {counter.rows} rows trained of {expected_rows}, {trainer.state.global_step} steps, "
           f"train_loss {output.training_loss:.4f}, first/last logged loss {losses[0]:.4f}/{losses[-1]:.4f}")
    assert math.isfinite(output.training_loss) and losses and all(math.isfinite(loss) for loss in losses)
    assert counter.rows == expected_rows, f"{what}: the trainer saw {counter.rows} rows, expected {expected_rows}"
    assert trainer.state.global_step == math.ceil(expected_rows / BATCH)


def tokens(tokenizer: Any, messages: list[dict[str, Any]], tools: Any, **kwargs: Any) -> list[int]:
    return list(tokenizer.apply_chat_template(messages, tools=tools or None, tokenize=True, return_dict=True, **kwargs)["input_ids"])


class MismatchLog(logging.Handler):
    """Collects TRL's warnings that a tokenised prompt is not a prefix of prompt + completion."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "Mismatch" in record.getMessage():
            self.messages.append(record.getMessage())


@pytest.fixture
def mismatches() -> Any:
    handler = MismatchLog()
    logging.getLogger("trl").addHandler(handler)
    yield handler
    logging.getLogger("trl").removeHandler(handler)


def test_sft_trainer_on_sft_trl_jsonl(exports: Path, tokenizer: Any, tmp_path: Path) -> None:
    path = exports / "sft-trl.jsonl"
    dataset = load(path)
    config = trl.SFTConfig(**common(tmp_path, MAX_LENGTH), packing=False)
    trainer = trl.SFTTrainer(model=tiny_model(tokenizer), args=config, train_dataset=dataset, processing_class=tokenizer)
    # Every token is trained on, so truncation leaves each row with a loss and TRL drops none.
    assert len(trainer.train_dataset) == len(dataset), f"SFTTrainer dropped {len(dataset) - len(trainer.train_dataset)} rows"
    truncated = 0
    longest = 0
    for index, row in enumerate(dataset):
        # What the trainer tokenised is exactly the chat template over the row, cut at MAX_LENGTH.
        full = tokens(tokenizer, row["messages"], row.get("tools"))
        longest = max(longest, len(full))
        truncated += len(full) > MAX_LENGTH
        assert list(trainer.train_dataset[index]["input_ids"]) == full[:MAX_LENGTH], f"row {index} was tokenised differently"
    counter = CountingCollator(trainer.data_collator)
    trainer.data_collator = counter
    report(f"sft-trl.jsonl: {len(dataset)} rows (vocab {len(tokenizer)}), longest {longest} tokens, "
           f"{truncated} cut at {MAX_LENGTH}, 0 dropped")
    finish(trainer, counter, len(dataset), "SFTTrainer")


@pytest.mark.parametrize("name", ["dpo-step-trl.jsonl", "dpo-trajectory-trl.jsonl"])
def test_dpo_trainer_on_dpo_exports(exports: Path, tokenizer: Any, tmp_path: Path, name: str, mismatches: MismatchLog) -> None:
    path = exports / name
    dataset = load(path)
    rows = read_rows(path)
    for row in rows:
        assert row["prompt"] and row["chosen"] and row["rejected"] and row["chosen"] != row["rejected"]
    # TRL drops a pair whose prompt alone fills max_length (no completion token would be left).
    prompt_lengths = [len(tokens(tokenizer, row["prompt"], row.get("tools"), add_generation_prompt=True)) for row in dataset]
    kept = sum(length < MAX_LENGTH for length in prompt_lengths)
    config = trl.DPOConfig(**common(tmp_path, MAX_LENGTH), beta=0.1)
    # The reference is the same random initialisation (TRL would otherwise load it from the model's hub id).
    trainer = trl.DPOTrainer(model=tiny_model(tokenizer), ref_model=tiny_model(tokenizer), args=config, train_dataset=dataset,
                             processing_class=tokenizer)
    assert not mismatches.messages, f"a tokenised prompt is not a prefix of prompt + completion: {mismatches.messages[0]}"
    assert len(trainer.train_dataset) == kept, f"DPOTrainer kept {len(trainer.train_dataset)} pairs, expected {kept}"
    assert kept > 0, f"every prompt in {name} is at least {MAX_LENGTH} tokens"
    counter = CountingCollator(trainer.data_collator)
    trainer.data_collator = counter
    report(f"{name}: {len(rows)} pairs, prompts {min(prompt_lengths)}-{max(prompt_lengths)} tokens; "
           f"TRL dropped {len(rows) - kept} whose prompt alone fills max_length={MAX_LENGTH} (long CRMArena and late-step transcripts)")
    finish(trainer, counter, kept, f"DPOTrainer on {name}")
