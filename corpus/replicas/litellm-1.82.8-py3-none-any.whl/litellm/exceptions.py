"""Exception types mapped from provider errors onto OpenAI's."""


class LiteLLMError(Exception):
    def __init__(self, message, llm_provider="", model="", status_code=None):
        super().__init__(message)
        self.message = message
        self.llm_provider = llm_provider
        self.model = model
        self.status_code = status_code


class AuthenticationError(LiteLLMError):
    def __init__(self, message, llm_provider="", model=""):
        super().__init__(message, llm_provider, model, status_code=401)


class RateLimitError(LiteLLMError):
    def __init__(self, message, llm_provider="", model=""):
        super().__init__(message, llm_provider, model, status_code=429)


class APIConnectionError(LiteLLMError):
    def __init__(self, message, llm_provider="", model=""):
        super().__init__(message, llm_provider, model, status_code=500)
