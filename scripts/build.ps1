# Builds the station bundle on Windows: dist\testpoint\ (testpoint.exe: the window without
# arguments, the command line with them), dist\testpoint-windows.zip, and a smoke test of the demo.
# Run from a PowerShell prompt in the checkout: powershell -ExecutionPolicy Bypass -File scripts\build.ps1
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install -q --upgrade pip
.venv\Scripts\python -m pip install -q -e ".[bundle]"

# Windows laptops have Microsoft YaHei for the badges' Chinese names: no font is bundled.
.venv\Scripts\pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\testpoint.spec
Copy-Item packaging\install-shortcut.ps1 dist\testpoint\
Compress-Archive -Force -Path dist\testpoint -DestinationPath dist\testpoint-windows.zip

$env:QT_QPA_PLATFORM = "offscreen"
$out = & dist\testpoint\testpoint.exe --demo --quit-after 10 2>&1
if ($LASTEXITCODE -ne 0 -or -not ($out -match "^demo: ")) { $out; throw "smoke: the demo station failed" }
$size = "{0:N0} MB" -f ((Get-ChildItem -Recurse dist\testpoint | Measure-Object Length -Sum).Sum / 1MB)
Write-Output "built dist\testpoint ($size), smoke: $($out -match '^demo: ')"
