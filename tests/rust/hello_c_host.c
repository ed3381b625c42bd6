/* hello-c-host REGISTRY PROGID NAME: greets NAME through IHello of PROGID in C99, with the
 * generated C header and the C API alone, so that a Rust component's panics and errors are
 * seen reaching a C caller as an HRESULT and error info. Exits 1 when a call fails. */
#include <stdio.h>

#include <ucom/runtime.h>
#include <ucom/ucom.h>

#include "hello.h"

static int fail(const char *call, HRESULT hr)
{
    HRESULT code = S_OK;
    char *source = NULL;
    char *message = NULL;
    const char *name = ucom_hresult_name(hr);
    const int has_info = ucom_take_error_info(&code, &source, &message) == S_OK && code == hr;
    printf("%s: %s: %s\n", call, name != NULL ? name : "?", has_info && message != NULL ? message : "(no error info)");
    ucom_free(source);
    ucom_free(message);
    return 1;
}

int main(int argc, char **argv)
{
    ucom_runtime *runtime = NULL;
    IHello *hello = NULL;
    char *greeting = NULL;
    HRESULT hr;
    if (argc != 4) {
        fprintf(stderr, "usage: hello-c-host REGISTRY PROGID NAME\n");
        return 2;
    }
    hr = ucom_runtime_open((const char *const *)&argv[1], 1, &runtime);
    if (FAILED(hr)) {
        return fail("open", hr);
    }
    hr = ucom_runtime_create_instance_by_name_with_contract(runtime, argv[2], &IID_IHello, IHello_CONTRACT,
                                                              (void **)&hello);
    if (FAILED(hr)) {
        ucom_runtime_close(runtime);
        return fail("activate", hr);
    }
    hr = IHello_Greet(hello, argv[3], &greeting);
    IHello_Release(hello);
    ucom_runtime_close(runtime);
    if (FAILED(hr)) {
        return fail("Greet", hr);
    }
    printf("%s\n", greeting);
    ucom_free(greeting);
    return 0;
}
