/* A C host that does not link libucom but dlopens it, as a language binding does, and
 * activates a registered calculator through the C API: a smoke test that libucom, whose
 * hottest thread-locals are initial-exec, still loads late. Usage: dlopen_host REGISTRY
 * LIBUCOM; prints "2 + 3 = 5" and exits 0 when the sum is right. */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <ucom/runtime.h>

#include "calculator.h"

typedef HRESULT (*open_fn)(const char *const *, size_t, ucom_runtime **);
typedef HRESULT (*create_fn)(ucom_runtime *, REFCLSID, REFIID, void **);
typedef void (*close_fn)(ucom_runtime *);

/* ISO C has no conversion from dlsym's object pointer to a function pointer: copy the bits. */
static void find(void *library, const char *name, void *function, size_t size)
{
    void *symbol = dlsym(library, name);
    memcpy(function, &symbol, size);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: dlopen_host REGISTRY LIBUCOM\n", stderr);
        return 2;
    }
    void *library = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        fprintf(stderr, "dlopen_host: %s\n", dlerror());
        return 1;
    }
    open_fn open_runtime = NULL;
    create_fn create_instance = NULL;
    close_fn close_runtime = NULL;
    find(library, "ucom_runtime_open", &open_runtime, sizeof open_runtime);
    find(library, "ucom_runtime_create_instance", &create_instance, sizeof create_instance);
    find(library, "ucom_runtime_close", &close_runtime, sizeof close_runtime);
    if (open_runtime == NULL || create_instance == NULL || close_runtime == NULL) {
        fputs("dlopen_host: libucom lacks its C API\n", stderr);
        return 1;
    }
    const char *files[] = {argv[1]};
    ucom_runtime *runtime = NULL;
    if (FAILED(open_runtime(files, 1, &runtime))) {
        fputs("dlopen_host: cannot open the runtime\n", stderr);
        return 1;
    }
    ICalculator2 *calculator = NULL;
    int32_t sum = 0;
    const HRESULT made = create_instance(runtime, &CLSID_Calculator, &IID_ICalculator2, (void **)&calculator);
    if (SUCCEEDED(made)) {
        calculator->lpVtbl->Add(calculator, 2, 3, &sum);
        calculator->lpVtbl->Release(calculator);
        printf("2 + 3 = %d\n", (int)sum);
    } else {
        fprintf(stderr, "dlopen_host: activation failed: 0x%08X\n", (unsigned)made);
    }
    close_runtime(runtime);
    return sum == 5 ? 0 : 1;
}
