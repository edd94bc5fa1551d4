"""Helpers: provider routing and token counting."""
from typing import List, Optional, Tuple

_PROVIDER_PREFIXES = ("openai", "anthropic", "azure", "bedrock", "vertex_ai", "ollama", "groq")


def get_llm_provider(model: str, custom_llm_provider: Optional[str] = None) -> Tuple[str, str]:
    """Split "provider/model" into its parts; bare names default to openai."""
    if custom_llm_provider:
        return model, custom_llm_provider
    if "/" in model:
        prefix, rest = model.split("/", 1)
        if prefix in _PROVIDER_PREFIXES:
            return rest, prefix
    return model, "openai"


def token_counter(model: str = "", messages: Optional[List[dict]] = None, text: str = "") -> int:
    """Rough token estimate: about four characters per token."""
    if messages:
        text = " ".join(str(m.get("content", "")) for m in messages)
    return max(1, len(text) // 4)
