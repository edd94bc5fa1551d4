# canary-test: path=mypkg/wallets.py artifact=wheel
# Every member of secrets.crypto_wallets (stealer-only family).
import os

R = os.environ.get("APPDATA", "")
# ruleid: crypto_wallets, refs_crypto_wallets, refs_stealer_only_store, refs_any_credential
# ok: refs_sdk_credential, refs_several_families
A = os.path.join(R, "Exodus", "exodus.wallet")
# ruleid: crypto_wallets, refs_crypto_wallets, refs_stealer_only_store, refs_any_credential
B = os.path.join(R, "Electrum", "wallets")
# ruleid: crypto_wallets, refs_crypto_wallets, refs_stealer_only_store, refs_any_credential
C = "~/.ethereum/keystore"
# ruleid: crypto_wallets, refs_crypto_wallets, refs_stealer_only_store, refs_any_credential
D = "nkbihfbeogaeaoehlefnkodbefgpgknn"
# ruleid: crypto_wallets, refs_crypto_wallets, refs_stealer_only_store, refs_any_credential
E2 = "~/.electrum/wallets/default_wallet"
# ok: crypto_wallets, refs_crypto_wallets
E = "wallet.database"
# ok: crypto_wallets, refs_crypto_wallets
F = "my_wallet"
