# canary-test: path=myapp/config.py artifact=wheel
# Loading the project's own .env, no tree walk and no network.
import os


def load(path=".env"):
    if os.path.exists(".env"):
        with open(".env") as f:
            return dict(line.strip().split("=", 1) for line in f if "=" in line)
    return {}
# ok: DOTENV_SWEEP_WITH_NETWORK
