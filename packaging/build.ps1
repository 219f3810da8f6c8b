# Builds the one-folder bundle dist\jixiao\ on Windows 10 1809 or newer, with Python 3.11 installed.
# Run in PowerShell from the repository root:  powershell -ExecutionPolicy Bypass -File packaging\build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")
if (-not (Test-Path ".venv\Scripts\python.exe")) { py -3.11 -m venv .venv }
.\.venv\Scripts\python.exe -m pip install --disable-pip-version-check -q --upgrade pip
.\.venv\Scripts\python.exe -m pip install --disable-pip-version-check -q -e ".[build]"
if (Test-Path "dist\jixiao") { Remove-Item -Recurse -Force "dist\jixiao" }
.\.venv\Scripts\pyinstaller.exe --noconfirm --clean --log-level WARN --distpath dist --workpath build packaging\jixiao.spec
$size = (Get-ChildItem -Recurse "dist\jixiao" | Measure-Object -Property Length -Sum).Sum / 1MB
Write-Host ("bundle: dist\jixiao ({0:N0} MB)" -f $size)
Compress-Archive -Force -Path "dist\jixiao" -DestinationPath "dist\jixiao-windows.zip"
Write-Host "zip: dist\jixiao-windows.zip (copy it to the office PC and unzip)"
