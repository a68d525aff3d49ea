# SPDX-License-Identifier: Apache-2.0
"""What amazon-ssm-agent (read at 3.3.1142.0) does with a document before
and after ssmreset runs, modelled step by step for the tests:

- parameter substitution (agent/parameters/parameters.go): a string that
  is exactly one `{{ name }}` becomes the value; elsewhere `{{\\s*name\\s*}}`
  is replaced with Go's regexp.ReplaceAllString, which expands `$1`,
  `${x}` and `$$` inside the value;
- how a Session document's command reaches a program
  (agent/session/shell/shell_unix.go, shell_windows.go):
  InteractiveCommands runs `sh -c COMMAND` on Linux and hands
  `powershell.exe COMMAND` to winpty as one raw command line on Windows;
  NonInteractiveCommands splits COMMAND into words with
  github.com/google/shlex and runs them directly on Linux, or gives them
  to powershell.exe as its arguments on Windows (Go's os/exec quotes each
  into the command line); powershell.exe splits its command line by the
  C runtime's rules and joins what follows its options with single spaces
  into the script it runs;
- what the client learns of the exit status (agent/session/shell/shell.go):
  an InteractiveCommands session ends Success whatever the command's
  status; a NonInteractiveCommands session with separateOutputStream sends
  the status as an ExitCode payload, "EXIT_CODE: N", which the Session
  Manager plugin prints after the output (session-manager-plugin
  sessionutil DisplayMessage); without separateOutputStream it is not sent.

No Windows, PowerShell or agent runs here: these are models, written from
the sources and Microsoft's documentation named beside each."""
import re
import unicodedata

# Parameter substitution ---------------------------------------------------------

GO_SPACE = "[\t\n\f\r ]"        # RE2's \s; Python's would take more


def placeholder(name):
    return re.compile(r"\{\{%s*%s%s*\}\}" % (GO_SPACE, name, GO_SPACE))


def _go_template_name(s):
    """regexp's extract(): the name after a `$` (`name` or `{name}`) and
    what follows it, or None when the text there is not a name."""
    brace = s.startswith("{")
    body = s[1:] if brace else s
    i = 0
    while i < len(body) and (unicodedata.category(body[i])[0] == "L" or unicodedata.category(body[i]) == "Nd"
                             or body[i] == "_"):
        i += 1
    if i == 0:
        return None
    name = body[:i]
    if brace:
        if i >= len(body) or body[i] != "}":
            return None
        i += 1
    return name, body[i:]


def go_replacement(value, matched):
    """What regexp.ReplaceAllString inserts for the template value, with a
    pattern that has no groups: `$$` is `$`, `$0` / `${0}` the matched
    text, every other `$name` / `${name}` nothing, a `$` before no name
    stays a `$`."""
    out, rest = [], value
    while "$" in rest:
        before, rest = rest.split("$", 1)
        out.append(before)
        if rest.startswith("$"):
            out.append("$")
            rest = rest[1:]
            continue
        found = _go_template_name(rest)
        if found is None:
            out.append("$")
            continue
        name, rest = found
        if name == "0":
            out.append(matched)
    out.append(rest)
    return "".join(out)


def agent_substitute(item, params, order=None):
    """parameters.ReplaceParameters over a document fragment."""
    names = list(order or params)
    if isinstance(item, str):
        for name in names:
            if placeholder(name).fullmatch(item):
                return params[name]
        for name in names:
            item = placeholder(name).sub(lambda m, v=params[name]: go_replacement(v, m.group(0)), item)
        return item
    if isinstance(item, list):
        return [agent_substitute(v, params, order) for v in item]
    if isinstance(item, dict):
        return {k: agent_substitute(v, params, order) for k, v in item.items()}
    return item


# NonInteractiveCommands: the command split into words ------------------------------

class ShlexError(ValueError):
    pass


def shlex_split(text):
    """github.com/google/shlex's Split, by its states: blanks (space, tab,
    CR, LF) end a word; `'...'` is literal; in `"..."` a backslash takes the
    next character as it is, whatever it is; outside quotes a backslash does
    the same; a `#` that starts a word starts a comment, to the end of the
    line. An unterminated quote or a final backslash is an error (the agent
    then fails the session)."""
    words, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
            continue
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        word = []
        while i < n and text[i] not in " \t\r\n":
            c = text[i]
            if c == "'":
                j = text.find("'", i + 1)
                if j < 0:
                    raise ShlexError("EOF found when expecting closing quote")
                word.append(text[i + 1:j])
                i = j + 1
            elif c == '"':
                i += 1
                while True:
                    if i >= n:
                        raise ShlexError("EOF found when expecting closing quote")
                    if text[i] == '"':
                        i += 1
                        break
                    if text[i] == "\\":
                        if i + 1 >= n:
                            raise ShlexError("EOF found after escape character")
                        i += 1
                    word.append(text[i])
                    i += 1
            elif c == "\\":
                if i + 1 >= n:
                    raise ShlexError("EOF found after escape character")
                word.append(text[i + 1])
                i += 2
            else:
                word.append(c)
                i += 1
        words.append("".join(word))
    return words


# Windows command lines ------------------------------------------------------------

def windows_quote(arg):
    """How Go's os/exec writes one argument into a Windows command line
    (syscall.EscapeArg): as it is when it has no blank, tab, quote or
    backslash; otherwise in double quotes when it has a blank or a tab, with
    each `"` written `\\"` and the backslashes before a `"` (or before the
    closing quote) doubled, so that the C runtime's rules give it back."""
    if arg == "":
        return '""'
    if not any(c in arg for c in ' \t"\\'):
        return arg
    quoted = any(c in arg for c in " \t")
    out, slashes = [], 0
    for c in arg:
        if c == "\\":
            slashes += 1
        elif c == '"':
            out.append("\\" * (slashes + 1))
            slashes = 0
        else:
            slashes = 0
        out.append(c)
    if quoted:
        out.append("\\" * slashes)
        return '"' + "".join(out) + '"'
    return "".join(out)


def windows_split(cmdline):
    """A Windows command line into arguments by the C runtime's rules
    (Microsoft's "Parsing C command-line arguments", which
    CommandLineToArgvW follows): blanks and tabs separate arguments outside
    double quotes; 2n backslashes before a `"` are n backslashes and the
    quote opens or closes; 2n+1 are n backslashes and a literal `"`;
    backslashes before anything else are themselves. The first argument,
    the program, ends at the first blank outside quotes. (A doubled `""`
    inside quotes, where the runtimes differ, is refused here: no command
    of ours holds one.)"""
    assert '""' not in cmdline, "a doubled quote: the C runtimes differ"
    args, i, n = [], 0, len(cmdline)
    while i < n:
        while i < n and cmdline[i] in " \t":
            i += 1
        if i >= n:
            break
        word, quoted = [], False
        while i < n and (quoted or cmdline[i] not in " \t"):
            c = cmdline[i]
            if c == "\\":
                j = i
                while j < n and cmdline[j] == "\\":
                    j += 1
                count = j - i
                if j < n and cmdline[j] == '"':
                    word.append("\\" * (count // 2))
                    if count % 2:
                        word.append('"')
                    else:
                        quoted = not quoted
                    i = j + 1
                else:
                    word.append("\\" * count)
                    i = j
            elif c == '"':
                quoted = not quoted
                i += 1
            else:
                word.append(c)
                i += 1
        args.append("".join(word))
    return args


def powershell_script(argv):
    """What powershell.exe (Windows PowerShell 5.1) runs given these
    arguments after its own name and no option of its own: the first
    argument that is not an option starts -Command, and it and every later
    argument are joined with one space each (about_PowerShell_exe,
    -Command)."""
    assert argv and not argv[0].startswith(("-", "/")), argv
    return " ".join(argv)


POWERSHELL = r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"


def interactive_windows_script(command):
    """InteractiveCommands on Windows: winpty starts `powershell.exe
    COMMAND` as one raw command line."""
    return powershell_script(windows_split(POWERSHELL + " " + command)[1:])


def noninteractive_windows_script(command):
    """NonInteractiveCommands on Windows: COMMAND split by shlex, each word
    quoted by os/exec into powershell.exe's command line."""
    line = " ".join([windows_quote(POWERSHELL)] + [windows_quote(w) for w in shlex_split(command)])
    return powershell_script(windows_split(line)[1:])


# PowerShell's quoting ----------------------------------------------------------------

PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"       # PowerShell takes each as a single quote
PS_DOUBLE_QUOTES = '"\u201c\u201d\u201e'


def powershell_strings(text):
    """The single-quoted strings of PowerShell text and what lies outside
    any string, by about_Quoting_Rules: inside single quotes everything is
    literal and a doubled quote is one quote; double-quoted strings expand
    `$` and take backtick escapes; `#` outside strings starts a comment."""
    singles, outside, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c in PS_SINGLE_QUOTES:
            j, value = i + 1, ""
            while True:
                k = min((text.find(q, j) for q in PS_SINGLE_QUOTES if text.find(q, j) >= 0), default=-1)
                assert k >= 0, "unterminated single-quoted string"
                value += text[j:k]
                if k + 1 < len(text) and text[k + 1] in PS_SINGLE_QUOTES:
                    value += text[k + 1]
                    j = k + 2
                else:
                    i = k + 1
                    break
            singles.append(value)
        elif c in PS_DOUBLE_QUOTES:
            j = i + 1
            while text[j] not in PS_DOUBLE_QUOTES:
                j += 2 if text[j] == "`" else 1
            outside.append(text[i:j + 1])
            i = j + 1
        elif c == "#":
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
        else:
            outside.append(c)
            i += 1
    return singles, "".join(outside)


# What the client learns --------------------------------------------------------------

def session_client_view(session_type, properties, exit_status, stdout, stderr=b""):
    """What the requester's Session Manager plugin shows at the end of a
    session whose command exited with exit_status: its output, and for a
    NonInteractiveCommands session with separateOutputStream, then
    "EXIT_CODE: N". Returns (text shown, exit status the client learns or
    None, the session's own status)."""
    if session_type == "InteractiveCommands":
        return stdout + stderr, None, "Success"
    assert session_type == "NonInteractiveCommands", session_type
    if str(properties.get("separateOutputStream", "false")).lower() == "true":
        return stdout + stderr + b"EXIT_CODE: %d" % exit_status, exit_status, "Success"
    return stdout + stderr, None, "Success"
