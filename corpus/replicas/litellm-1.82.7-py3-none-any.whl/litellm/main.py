"""completion()/embedding(): one call shape for every provider."""
import json
import time
import urllib.request
from typing import Any, Dict, List, Optional

import litellm
from litellm.exceptions import APIConnectionError, AuthenticationError
from litellm.utils import get_llm_provider

_DEFAULT_BASES = {
    "openai": "https://api.openai.com/v1",
    "groq": "https://api.groq.com/openai/v1",
    "ollama": "http://localhost:11434/v1",
}


def _post_json(url: str, payload: Dict[str, Any], headers: Dict[str, str], timeout: float) -> Dict[str, Any]:
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read())
    except OSError as e:
        raise APIConnectionError(str(e)) from e


def completion(model: str, messages: List[Dict[str, str]], api_key: Optional[str] = None,
               api_base: Optional[str] = None, timeout: Optional[float] = None, **kwargs) -> Dict[str, Any]:
    model, provider = get_llm_provider(model, kwargs.pop("custom_llm_provider", None))
    key = api_key or litellm.api_key
    if key is None and provider != "ollama":
        raise AuthenticationError("No API key provided", llm_provider=provider, model=model)
    base = api_base or litellm.api_base or _DEFAULT_BASES.get(provider, _DEFAULT_BASES["openai"])
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = "Bearer " + key
    payload = {"model": model, "messages": messages, **kwargs}
    start = time.time()
    response = _post_json(base + "/chat/completions", payload, headers, timeout or litellm.request_timeout)
    response.setdefault("_response_ms", (time.time() - start) * 1000)
    return response


async def acompletion(*args, **kwargs):
    return completion(*args, **kwargs)


def embedding(model: str, input: List[str], **kwargs) -> Dict[str, Any]:
    model, provider = get_llm_provider(model)
    base = kwargs.pop("api_base", None) or _DEFAULT_BASES.get(provider, _DEFAULT_BASES["openai"])
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + (kwargs.pop("api_key", None) or litellm.api_key or "")}
    return _post_json(base + "/embeddings", {"model": model, "input": input}, headers, litellm.request_timeout)
