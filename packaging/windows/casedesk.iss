; Inno Setup script for the casedesk Windows installer (Inno Setup 6.2 or newer).
;
; Build on Windows, from the repository's root, after building the app folder there:
;   pyinstaller --noconfirm --clean packaging\casedesk.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\casedesk.iss
; The installer is written to dist\casedesk-<version>-setup.exe. AppVersion must be casedesk.__version__
; (python -c "import casedesk; print(casedesk.__version__)"); 0.0.0 is used when it is not given.
;
; It installs for the current user without administrator rights (or for everyone, when started as an
; administrator and that is chosen), adds a Start-menu entry (and a desktop icon if ticked), offers
; casedesk in Explorer's "Open with" for .sqlite files and, if the user ticks it, makes casedesk the
; program that opens them on a double-click. Uninstalling removes the program and these entries and
; never touches case files.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "casedesk"
#define AppExe "casedesk.exe"
#define ProgId "casedesk.CaseFile"
#define SourceDir "..\..\dist\casedesk"

[Setup]
; A fixed AppId identifies casedesk across versions (upgrades replace it); never change it.
AppId={{6A1F4C52-9B7E-4D0C-8E3A-2F5D7C1B9E40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=casedesk
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\casedesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
MinVersion=10.0

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
; .sqlite is the suffix of every SQLite database, not only of casedesk case files: casedesk is always
; offered under "Open with", and becomes the default program for .sqlite files only when ticked here.
Name: "defaultopener"; Description: "Open .sqlite files with casedesk on a double-click (other programs that use .sqlite files stay available under Open with)"; GroupDescription: "Case files:"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Personal-injury case files"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; The case-file type (ProgID) and the command that opens a file: casedesk --db "<file>".
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "casedesk case file"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" --db ""%1"""
; casedesk under Explorer's "Open with" for .sqlite files (does not change the default program).
Root: HKA; Subkey: "Software\Classes\.sqlite\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".sqlite"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"
; Only when the user ticked it: casedesk opens .sqlite files on a double-click.
Root: HKA; Subkey: "Software\Classes\.sqlite"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: defaultopener

[Run]
; Checks the installed program starts (offscreen, on a temporary demo case file) before offering to open it.
Filename: "{app}\casedesk-cli.exe"; Parameters: "selftest"; StatusMsg: "Checking casedesk starts…"; Flags: runhidden waituntilterminated
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
