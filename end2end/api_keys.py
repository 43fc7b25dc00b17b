#!/usr/bin/env python3
"""Makes one API key of each kind on a running Collabdesk with demo data, as its users make them (signed in,
through the API keys server functions), and prints `role=key` lines: partner, business, advertiser, publisher,
admin. Standard library only.

    python3 end2end/api_keys.py http://127.0.0.1:3000
"""
import http.cookiejar
import json
import sys
import urllib.parse
import urllib.request

PASSWORD = "collabdesk-demo"


def session(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(function, **form):
        req = urllib.request.Request(
            f"{base}/api/{function}",
            data=urllib.parse.urlencode(form).encode(),
            headers={
                "content-type": "application/x-www-form-urlencoded",
                "accept": "application/json",
                "origin": base,
            },
        )
        with opener.open(req) as res:
            return json.loads(res.read() or b"null")

    return call


def signed_in(base, email):
    call = session(base)
    call("sign_in", email=email, password=PASSWORD, next="")
    return call


def main():
    base = sys.argv[1].rstrip("/")
    admin = signed_in(base, "admin@demo.test")
    owners = admin("api_keys")["owners"]

    def owner(email):
        return next(i for i, label in owners if f"<{email}>" in label)

    keys = {
        "partner": admin("create_api_key", name="schemathesis partner", role="partner", owner=""),
        "advertiser": admin(
            "create_api_key", name="schemathesis advertiser", role="advertiser", owner=owner("advertiser@demo.test")
        ),
        "publisher": admin(
            "create_api_key", name="schemathesis publisher", role="publisher", owner=owner("publisher@demo.test")
        ),
        "admin": admin("create_api_key", name="schemathesis admin", role="admin", owner=""),
        "business": signed_in(base, "business@demo.test")(
            "create_api_key", name="schemathesis business", role="business", owner=""
        ),
    }
    for role, made in keys.items():
        print(f"{role}={made['secret']}")


if __name__ == "__main__":
    main()
