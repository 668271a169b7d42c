"""A tiny random-weight chat model for the LLM server tests, built on the spot.

A Llama-style decoder (two layers, 64 wide) behind a byte-level BPE tokenizer trained on
the seed article and a few English and Russian sentences (as ``tests/tiny_models.py`` trains
its tokenizers), with a ChatML chat template, saved with ``save_pretrained`` so that
``transformers serve DIR`` loads it as it loads a hub checkpoint. Its answers are noise: it
stands for a model that ignores the format, which the translator must survive honestly.
"""

from __future__ import annotations

from pathlib import Path

CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{{ message['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
SEED = 1234


def build_tiny_chat(directory: Path) -> Path:
    """Write the checkpoint into ``directory`` (once: a finished one is reused)."""
    if (directory / "model.safetensors").is_file():
        return directory
    import torch
    from tiny_models import training_sentences
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    directory.mkdir(parents=True, exist_ok=True)
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600,
        special_tokens=SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(training_sentences(), trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        bos_token=None,
    )
    tokenizer.chat_template = CHAT_TEMPLATE
    tokenizer.save_pretrained(directory)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        eos_token_id=tokenizer.convert_tokens_to_ids("<|im_end|>"),
        pad_token_id=tokenizer.convert_tokens_to_ids("<|endoftext|>"),
        bos_token_id=None,
        tie_word_embeddings=True,
        # Larger than the default 0.02, whose greedy answer is one token repeated (newlines):
        # this one writes noise in all three scripts, as a model ignoring the format might.
        initializer_range=0.2,
    )
    config.toolkit_test_model = "random weights"
    torch.manual_seed(SEED)
    model = LlamaForCausalLM(config).eval()
    model.generation_config.eos_token_id = config.eos_token_id
    model.generation_config.pad_token_id = config.pad_token_id
    model.save_pretrained(directory)
    return directory
