# Adds a Start-menu shortcut to the station in this unpacked folder (no administrator rights needed).
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
$menu = Join-Path ([Environment]::GetFolderPath("Programs")) "Testpoint.lnk"
$shell = New-Object -ComObject WScript.Shell
$link = $shell.CreateShortcut($menu)
$link.TargetPath = Join-Path $here "testpoint.exe"
$link.WorkingDirectory = $here
$link.IconLocation = (Join-Path $here "testpoint.exe") + ",0"
$link.Description = "核酸检测点登记工作站 / testing-point registration station"
$link.Save()
Write-Output "added $menu"
