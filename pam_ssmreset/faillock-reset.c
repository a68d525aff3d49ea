#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "faillock-reset.h"

#define FAILLOCK_CONF "/etc/security/faillock.conf"
#define FAILLOCK_DEFAULT_DIR "/var/run/faillock"

static void configured_dir(char *buf, size_t n)
{
        char line[PATH_MAX + 64];
        FILE *f = fopen(FAILLOCK_CONF, "re");

        snprintf(buf, n, "%s", FAILLOCK_DEFAULT_DIR);
        if (!f)
                return;
        while (fgets(line, sizeof line, f)) {
                char *p = line, *v;

                while (isspace((unsigned char) *p))
                        p++;
                if (strncmp(p, "dir", 3) != 0)
                        continue;
                v = p + 3;
                while (isspace((unsigned char) *v))
                        v++;
                if (*v != '=')
                        continue;
                v++;
                while (isspace((unsigned char) *v))
                        v++;
                v[strcspn(v, " \t\r\n#")] = '\0';
                if (*v == '/')
                        snprintf(buf, n, "%s", v);
        }
        fclose(f);
}

int faillock_reset(const char *dir, const char *user)
{
        char conf_dir[PATH_MAX], path[PATH_MAX];
        int fd, r = 0;

        if (!dir) {
                configured_dir(conf_dir, sizeof conf_dir);
                dir = conf_dir;
        }
        if ((size_t) snprintf(path, sizeof path, "%s/%s", dir, user) >= sizeof path)
                return -ENAMETOOLONG;
        fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
                return errno == ENOENT ? 0 : -errno;
        if (ftruncate(fd, 0) < 0)
                r = -errno;
        close(fd);
        return r;
}
