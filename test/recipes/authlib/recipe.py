"""The README's Authlib settings as a program the recipe runner drives: it prints the authorization URL
(PKCE S256), reads the callback URL the browser reached on stdin, redeems the code and checks the ID
token the way Authlib's Flask integration does (signature against the provider's JWKS, iss, aud, nonce),
then prints its claims. Settings come from the environment."""
import json
import os
import sys

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken

issuer = os.environ["ISSUER"]
metadata = requests.get(issuer + "/.well-known/openid-configuration", timeout=10).json()
client = OAuth2Session(
    os.environ["CLIENT_ID"], os.environ["CLIENT_SECRET"],
    scope="openid email profile", redirect_uri=os.environ["REDIRECT_URI"], code_challenge_method="S256",
)
verifier, nonce = generate_token(48), generate_token(20)
url, state = client.create_authorization_url(metadata["authorization_endpoint"], code_verifier=verifier, nonce=nonce)
print("AUTHORIZE " + url, flush=True)

callback = sys.stdin.readline().strip()
try:
    token = client.fetch_token(metadata["token_endpoint"], authorization_response=callback, state=state, code_verifier=verifier)
    keys = JsonWebKey.import_key_set(requests.get(metadata["jwks_uri"], timeout=10).json())
    claims = jwt.decode(token["id_token"], keys, claims_cls=CodeIDToken,
                        claims_options={"iss": {"values": [issuer]}, "aud": {"values": [os.environ["CLIENT_ID"]]}},
                        claims_params={"nonce": nonce, "client_id": os.environ["CLIENT_ID"]})
    claims.validate()
except Exception as error:  # the runner prints what the app would have seen
    print("ERROR " + type(error).__name__ + ": " + str(error), flush=True)
    sys.exit(1)
print("CLAIMS " + json.dumps(dict(claims)), flush=True)
