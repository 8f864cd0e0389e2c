"""The server's API over urllib: JSON in, JSON out."""

import json
import urllib.error
import urllib.request


class Unreachable(Exception):
    """The server could not be asked (network, timeout, 5xx): the spool takes over."""


class Refused(Exception):
    """The server answered no (4xx): sending the same again will not help."""

    def __init__(self, status, body):
        super().__init__("HTTP %d: %s" % (status, body[:300]))
        self.status = status


class Http:
    def __init__(self, url, token, timeout=10.0):
        self.url = url
        self.token = token
        self.timeout = timeout

    def call(self, method, path, body=None, content_type="application/json"):
        data = None
        headers = {"accept": "application/json"}
        if self.token:
            headers["authorization"] = "Bearer " + self.token
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers["content-type"] = content_type
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")
            if error.code >= 500 or error.code == 429:
                raise Unreachable("HTTP %d" % error.code)
            raise Refused(error.code, text)
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise Unreachable(str(error))
