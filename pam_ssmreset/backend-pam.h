/* The Linux backend: the reset as a PAM transaction. */
#pragma once

#include <stdbool.h>

#include "result.h"

/* How a pam_chauthtok() return value reads as a result; *retry says whether
 * another password may be offered. Exposed for tests. */
enum ssr_status backend_status_from_pam(int pam_rc, bool *retry);
