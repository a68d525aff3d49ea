/* SPDX-License-Identifier: Apache-2.0 */
/* Stands in for the Session Manager agent's worker in tests, so that the
 * program finds SESSION_ID as the first argument of an ancestor named
 * ssm-session-worker:
 *   ssm-session-worker SESSION_ID COMMAND
 *     as an InteractiveCommands session runs a document's command: through
 *     "sh -c" (the caller gives it a pty);
 *   ssm-session-worker SESSION_ID --exec PROGRAM [ARG...]
 *     as a NonInteractiveCommands session runs it on Linux: the command
 *     split into words beforehand, PROGRAM run with them directly, standard
 *     input on /dev/null (Go's os/exec with no Stdin), standard output and
 *     error as the caller gave them (the agent's pipes).
 * Exits with the command's status. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        bool exec_mode = argc >= 4 && strcmp(argv[2], "--exec") == 0;
        pid_t pid;
        int status;

        if (!exec_mode && argc != 3) {
                fprintf(stderr, "usage: ssm-session-worker SESSION_ID COMMAND\n"
                                "       ssm-session-worker SESSION_ID --exec PROGRAM [ARG...]\n");
                return 2;
        }
        pid = fork();
        if (pid < 0)
                return 1;
        if (pid == 0) {
                if (exec_mode) {
                        int null = open("/dev/null", O_RDONLY);
                        if (null < 0 || dup2(null, STDIN_FILENO) < 0)
                                _exit(127);
                        execv(argv[3], argv + 3);
                } else
                        execl("/bin/sh", "sh", "-c", argv[2], (char *) NULL);
                _exit(127);
        }
        if (waitpid(pid, &status, 0) < 0)
                return 1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
