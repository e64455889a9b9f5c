// Typed wrappers around libcurl's variadic calls, which Swift cannot call directly.
// See https://curl.se/libcurl/c/curl_easy_setopt.html
#ifndef SCHOOLPOST_CCURLSHIM_H
#define SCHOOLPOST_CCURLSHIM_H

#include <curl/curl.h>

typedef size_t (*sp_curl_data_callback)(char *buffer, size_t size, size_t count, void *context);

CURLcode sp_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode sp_curl_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode sp_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode sp_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode sp_curl_setopt_list(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode sp_curl_setopt_callback(CURL *handle, CURLoption option, sp_curl_data_callback value);
CURLcode sp_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

typedef int (*sp_curl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size,
                                      void *context);
CURLcode sp_curl_setopt_debug(CURL *handle, sp_curl_debug_callback value);

#endif
