; SPDX-License-Identifier: Apache-2.0
; The Windows installer of ssmreset: puts ssmreset.exe under Program Files
; (where the session document looks for it), registers the Application
; Event Log source "ssmreset" with ssmreset.exe as its message file (the
; message table is linked into the program), and an uninstaller that removes
; both. Built by win32/package: makensis -DVERSION=... -DSRC=... -DOUTFILE=...
; A 64-bit installer: it runs where only 64-bit programs do (and under wine64).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!define SOURCE_KEY "SYSTEM\CurrentControlSet\Services\EventLog\Application\ssmreset"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ssmreset"

Name "ssmreset ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\ssmreset"
ShowInstDetails show

Function .onInit
        ; A 64-bit program: the 64-bit registry and Program Files.
        SetRegView 64
FunctionEnd

Function un.onInit
        SetRegView 64
FunctionEnd

Section "ssmreset"
        SetOutPath "$INSTDIR"
        File "${SRC}\ssmreset.exe"
        File "${SRC}\SSMReset-PasswordReset.json"
        File "${SRC}\SSMReset-Doctor.json"
        File /oname=README.txt "${SRC}\README.md"

        WriteRegExpandStr HKLM "${SOURCE_KEY}" "EventMessageFile" "$INSTDIR\ssmreset.exe"
        ; error, warning, information
        WriteRegDWORD HKLM "${SOURCE_KEY}" "TypesSupported" 7

        WriteUninstaller "$INSTDIR\uninstall.exe"
        WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "ssmreset"
        WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
        WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "ssmreset"
        WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
        WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
        WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
        WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
        WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
        DeleteRegKey HKLM "${SOURCE_KEY}"
        DeleteRegKey HKLM "${UNINSTALL_KEY}"
        Delete "$INSTDIR\ssmreset.exe"
        Delete "$INSTDIR\SSMReset-PasswordReset.json"
        Delete "$INSTDIR\SSMReset-Doctor.json"
        Delete "$INSTDIR\README.txt"
        Delete "$INSTDIR\uninstall.exe"
        RMDir "$INSTDIR"
SectionEnd
