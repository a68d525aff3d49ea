/* SPDX-License-Identifier: Apache-2.0 */
/* ssm-session-worker SESSION_ID COMMAND: stands in for the Session Manager
 * agent's worker in tests. Like the agent, it runs COMMAND through "sh -c" as
 * its child, so that the program finds SESSION_ID as the first argument of
 * an ancestor named ssm-session-worker. Exits with COMMAND's status. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
        pid_t pid;
        int status;

        if (argc != 3) {
                fprintf(stderr, "usage: ssm-session-worker SESSION_ID COMMAND\n");
                return 2;
        }
        pid = fork();
        if (pid < 0)
                return 1;
        if (pid == 0) {
                execl("/bin/sh", "sh", "-c", argv[2], (char *) NULL);
                _exit(127);
        }
        if (waitpid(pid, &status, 0) < 0)
                return 1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
