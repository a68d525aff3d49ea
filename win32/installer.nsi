; SPDX-License-Identifier: Apache-2.0
; The Windows installer of ssmreset: puts ssmreset.exe under Program Files
; (where the session document looks for it), registers the Application
; Event Log source "ssmreset" with ssmreset.exe as its message file (the
; message table is linked into the program), and an uninstaller that removes
; both. It shows the licence (Apache-2.0, LICENSE) first and installs it
; beside the program as LICENSE.txt. Built by win32/package:
; makensis -DVERSION=... -DSRC=... -DOUTFILE=... (SRC holds LICENSE.txt).
; A 64-bit installer: it runs where only 64-bit programs do (and under wine64).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel admin

!include "MUI2.nsh"

!define SOURCE_KEY "SYSTEM\CurrentControlSet\Services\EventLog\Application\ssmreset"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ssmreset"

Name "ssmreset ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\ssmreset"
ShowInstDetails show
ShowUninstDetails show

; The pages: the licence, then the installation. No folder page: the session
; document runs ssmreset.exe from Program Files\ssmreset, nowhere else.
!define MUI_ABORTWARNING
; The Apache licence grants rights; nobody has to accept it to use the
; program, so the page goes on with Next rather than "I Agree".
!define MUI_LICENSEPAGE_BUTTON "$(^NextBtn)"
!define MUI_LICENSEPAGE_TEXT_BOTTOM "ssmreset is licensed under the Apache License, Version 2.0. Click Next to continue."
!insertmacro MUI_PAGE_LICENSE "${SRC}\LICENSE.txt"
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

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
        File "${SRC}\LICENSE.txt"

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
        Delete "$INSTDIR\LICENSE.txt"
        Delete "$INSTDIR\uninstall.exe"
        RMDir "$INSTDIR"
SectionEnd
