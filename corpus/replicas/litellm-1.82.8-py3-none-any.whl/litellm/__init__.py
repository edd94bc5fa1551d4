"""LiteLLM: call 100+ LLM APIs using the OpenAI format (replica for canary tests)."""
import os
import threading
from typing import Dict, List, Optional

from litellm._version import version as __version__
from litellm.exceptions import (
    APIConnectionError,
    AuthenticationError,
    RateLimitError,
)

api_key: Optional[str] = None
api_base: Optional[str] = None
num_retries: Optional[int] = None
request_timeout: float = 600
drop_params: bool = bool(os.getenv("LITELLM_DROP_PARAMS", False))
success_callback: List = []
failure_callback: List = []
model_alias_map: Dict[str, str] = {}
_thread_context = threading.local()

from litellm.main import acompletion, completion, embedding  # noqa: E402
from litellm.utils import get_llm_provider, token_counter  # noqa: E402


def run_server():
    """Console entry point; the proxy lives in the `proxy` extra."""
    raise SystemExit("litellm proxy: install with `pip install 'litellm[proxy]'`")
