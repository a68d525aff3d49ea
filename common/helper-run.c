/* SPDX-License-Identifier: Apache-2.0 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helper-run.h"

static long long now_ms(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child: only what the program needs, then exec. Never returns. */
static void child(char *const argv[], int out_fd, bool with_stderr)
{
        static char *const no_env[] = { NULL };
        sigset_t none;
        int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);

        /* Root's effective id with another real one (a session opened by su,
         * which is setuid): the program runs as root alone, with root's
         * groups and none of the user's, as it would from a root service;
         * ssmreset refuses a caller whose real id is not 0. */
        if (geteuid() == 0 && (getuid() != 0 || getgid() != 0) &&
            (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
                _exit(127);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < NSIG; sig++)
                if (sig != SIGKILL && sig != SIGSTOP)
                        signal(sig, SIG_DFL);
        if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
            dup2(with_stderr ? out_fd : null_fd, STDERR_FILENO) < 0)
                _exit(127);
        /* No descriptor of the caller's (sshd's sockets, the account files) goes along. */
        for (int fd = STDERR_FILENO + 1, max = (int) sysconf(_SC_OPEN_MAX); fd < (max > 0 ? max : 1024); fd++)
                close(fd);
        execve(argv[0], argv, no_env);
        _exit(127);
}

int helper_run(char *const argv[], unsigned timeout_ms, bool with_stderr, char *out, size_t n)
{
        long long deadline = now_ms() + timeout_ms;
        size_t len = 0;
        int pipe_fd[2], status = 0, r = 0;
        pid_t pid, w;

        if (out && n)
                out[0] = '\0';
        if (argv[0][0] != '/')
                return -EINVAL;
        if (pipe2(pipe_fd, O_CLOEXEC) < 0)
                return -errno;
        pid = fork();
        if (pid < 0) {
                r = -errno;
                close(pipe_fd[0]);
                close(pipe_fd[1]);
                return r;
        }
        if (pid == 0)
                child(argv, pipe_fd[1], with_stderr);
        close(pipe_fd[1]);
        /* Its output until it closes it (it ended), or the time is up. */
        for (;;) {
                struct pollfd p = { .fd = pipe_fd[0], .events = POLLIN };
                long long left = deadline - now_ms();
                char buf[256];
                ssize_t got;

                if (left <= 0) {
                        r = -ETIMEDOUT;
                        break;
                }
                if (poll(&p, 1, (int) left) < 0) {
                        if (errno == EINTR)
                                continue;
                        r = -errno;
                        break;
                }
                if (!p.revents)
                        continue;
                got = read(pipe_fd[0], buf, sizeof buf);
                if (got < 0 && errno == EINTR)
                        continue;
                if (got <= 0)
                        break;
                for (ssize_t i = 0; i < got && out && len + 1 < n; i++)
                        out[len++] = buf[i];
                if (out && n)
                        out[len] = '\0';
        }
        close(pipe_fd[0]);
        if (r == 0) {
                /* Output closed: it is ending; give it what is left of the time. */
                while ((w = waitpid(pid, &status, WNOHANG)) == 0 && now_ms() < deadline) {
                        struct timespec pause = { 0, 5 * 1000 * 1000 };
                        nanosleep(&pause, NULL);
                }
                if (w == 0)
                        r = -ETIMEDOUT;
                else if (w < 0)
                        return errno == ECHILD ? -ECHILD : -errno;
        }
        if (r < 0) {
                kill(pid, SIGKILL);
                while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                        ;
                return r;
        }
        if (WIFEXITED(status))
                return WEXITSTATUS(status);
        return -EINTR;
}
