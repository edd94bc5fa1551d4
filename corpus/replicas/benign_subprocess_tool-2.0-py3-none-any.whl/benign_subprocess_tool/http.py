"""A minimal JSON-over-HTTP client (requests-like), stdlib only."""
import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, Optional


class Response:
    def __init__(self, status: int, body: bytes, headers: Dict[str, str]):
        self.status_code = status
        self.content = body
        self.headers = headers

    def json(self) -> Any:
        return json.loads(self.content.decode("utf-8"))

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise urllib.error.HTTPError("", self.status_code, "HTTP error", None, None)


class Session:
    def __init__(self, base_url: str, token: Optional[str] = None, user: Optional[str] = None):
        self.base_url = base_url.rstrip("/")
        self.headers = {"Accept": "application/json", "User-Agent": "benign-subprocess-tool/2.0"}
        if token and user:
            creds = base64.b64encode((user + ":" + token).encode()).decode()
            self.headers["Authorization"] = "Basic " + creds
        elif token:
            self.headers["Authorization"] = "Bearer " + token

    def request(self, method: str, path: str, params: Optional[Dict[str, str]] = None,
                json_body: Any = None, timeout: float = 30.0) -> Response:
        url = self.base_url + "/" + path.lstrip("/")
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None
        headers = dict(self.headers)
        if json_body is not None:
            data = json.dumps(json_body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return Response(resp.status, resp.read(), dict(resp.headers))
        except urllib.error.HTTPError as e:
            return Response(e.code, e.read() or b"", dict(e.headers or {}))

    def get(self, path: str, **kw) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, json_body: Any = None, **kw) -> Response:
        return self.request("POST", path, json_body=json_body, **kw)
