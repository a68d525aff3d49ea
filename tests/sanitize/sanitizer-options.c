/* SPDX-License-Identifier: Apache-2.0 */
/* Linked into every program of the sanitizer build (configure LIBS=...).
 * The integration tests start ssmreset with a clean environment (as the
 * session agent does), so ASAN_OPTIONS would not reach it: the options are
 * built in instead. Every report goes to a file under SANITIZE_REPORT_DIR,
 * whatever the program's standard error is (a pty, /dev/null, a pipe), and
 * tests/sanitize/run fails when it finds one. */
#ifndef SANITIZE_REPORT_DIR
#error "compile with -DSANITIZE_REPORT_DIR=\"/dir\""
#endif

const char *__asan_default_options(void);
const char *__ubsan_default_options(void);
const char *__lsan_default_options(void);

const char *__asan_default_options(void)
{
        return "log_path=" SANITIZE_REPORT_DIR "/asan:detect_leaks=1:"
               "detect_stack_use_after_return=1";
}

const char *__ubsan_default_options(void)
{
        return "log_path=" SANITIZE_REPORT_DIR "/ubsan:print_stacktrace=1:halt_on_error=1";
}

const char *__lsan_default_options(void)
{
        return "log_path=" SANITIZE_REPORT_DIR "/lsan";
}
