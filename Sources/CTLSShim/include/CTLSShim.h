// Certificate checks that libetpan's GnuTLS build leaves undone (see docs/ARCHITECTURE.md).
#ifndef SCHOOLPOST_CTLSSHIM_H
#define SCHOOLPOST_CTLSSHIM_H

#include <stddef.h>

/// Verifies a DER certificate chain (leaf first) for `hostname` against the system trust
/// store, or against the PEM file `ca_file` when it is not NULL. Returns 0 when trusted;
/// otherwise a negative value, with a one-line reason copied into `reason`.
int sp_tls_verify_chain(const unsigned char *const *certs, const size_t *lengths, size_t count,
                        const char *hostname, const char *ca_file,
                        char *reason, size_t reason_capacity);

#endif
