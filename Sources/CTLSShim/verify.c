// Chain and host name verification with GnuTLS, for the TLS sessions libetpan opens
// without checking anything. See the GnuTLS manual, "Verifying X.509 certificate paths":
// https://gnutls.org/manual/html_node/Verifying-X_002e509-certificate-paths.html
#include "CTLSShim.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SP_MAX_CHAIN = 16 };

static int fail(char *reason, size_t capacity, int code, const char *text) {
    if (reason != NULL && capacity > 0) {
        snprintf(reason, capacity, "%s", text);
    }
    return code;
}

static int fail_gnutls(char *reason, size_t capacity, const char *step, int error) {
    if (reason != NULL && capacity > 0) {
        snprintf(reason, capacity, "%s: %s", step, gnutls_strerror(error));
    }
    return -2;
}

int sp_tls_verify_chain(const unsigned char *const *certs, const size_t *lengths, size_t count,
                        const char *hostname, const char *ca_file,
                        char *reason, size_t reason_capacity) {
    if (certs == NULL || lengths == NULL || count == 0) {
        return fail(reason, reason_capacity, -1, "the server sent no certificate");
    }
    if (count > SP_MAX_CHAIN) {
        return fail(reason, reason_capacity, -1, "the server sent too long a chain");
    }
    if (hostname == NULL || hostname[0] == '\0') {
        return fail(reason, reason_capacity, -1, "no host name to check the certificate for");
    }

    gnutls_x509_trust_list_t trust = NULL;
    int rc = gnutls_x509_trust_list_init(&trust, 0);
    if (rc < 0) {
        return fail_gnutls(reason, reason_capacity, "trust list", rc);
    }
    if (ca_file != NULL) {
        rc = gnutls_x509_trust_list_add_trust_file(trust, ca_file, NULL,
                                                   GNUTLS_X509_FMT_PEM, 0, 0);
    } else {
        rc = gnutls_x509_trust_list_add_system_trust(trust, 0, 0);
    }
    if (rc <= 0) {
        gnutls_x509_trust_list_deinit(trust, 1);
        if (rc == 0) {
            return fail(reason, reason_capacity, -3,
                        ca_file != NULL ? "the CA file holds no certificate"
                                        : "the system trust store holds no certificate");
        }
        return fail_gnutls(reason, reason_capacity,
                           ca_file != NULL ? "CA file" : "system trust store", rc);
    }

    gnutls_x509_crt_t chain[SP_MAX_CHAIN];
    size_t imported = 0;
    int result = 0;
    for (size_t i = 0; i < count; i++) {
        gnutls_datum_t der = { (unsigned char *)certs[i], (unsigned int)lengths[i] };
        rc = gnutls_x509_crt_init(&chain[imported]);
        if (rc < 0) {
            result = fail_gnutls(reason, reason_capacity, "certificate", rc);
            break;
        }
        imported++;
        rc = gnutls_x509_crt_import(chain[imported - 1], &der, GNUTLS_X509_FMT_DER);
        if (rc < 0) {
            result = fail_gnutls(reason, reason_capacity, "server certificate", rc);
            break;
        }
    }

    if (result == 0) {
        // The host name and the TLS server purpose are checked together with the path.
        gnutls_typed_vdata_st data[2];
        memset(data, 0, sizeof data);
        data[0].type = GNUTLS_DT_DNS_HOSTNAME;
        data[0].data = (unsigned char *)hostname;
        data[1].type = GNUTLS_DT_KEY_PURPOSE_OID;
        data[1].data = (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER;
        unsigned int status = 0;
        rc = gnutls_x509_trust_list_verify_crt2(trust, chain, (unsigned int)imported,
                                                data, 2, 0, &status, NULL);
        if (rc < 0) {
            result = fail_gnutls(reason, reason_capacity, "verification", rc);
        } else if (status != 0) {
            gnutls_datum_t text = { NULL, 0 };
            if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509,
                                                             &text, 0) == 0) {
                result = fail(reason, reason_capacity, -4, (const char *)text.data);
                gnutls_free(text.data);
            } else {
                result = fail(reason, reason_capacity, -4, "the certificate is not trusted");
            }
        }
    }

    for (size_t i = 0; i < imported; i++) {
        gnutls_x509_crt_deinit(chain[i]);
    }
    gnutls_x509_trust_list_deinit(trust, 1);
    return result;
}
