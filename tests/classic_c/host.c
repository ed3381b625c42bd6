/* A client in classic Windows C: lpVtbl-> calls and IGreeter_Greet macros, IsEqualIID,
 * CoTaskMemFree, INITGUID in its one file. It is built without the IDL target (only the
 * generated header's folder), so the GUIDs it uses are the ones this file defines. The
 * activation is ucom's (there is no CoCreateInstance: the host opens its runtime).
 * Usage: classic_host REGISTRY.toml */
#include <stdio.h>

#define INITGUID
#include <ucom/runtime.h>
#include <ucom/ucom.h>

#include "classic.h"

static int check(const char *what, HRESULT hr)
{
    if (FAILED(hr)) {
        printf("%s failed: 0x%08X\n", what, (unsigned)hr);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    ucom_runtime *runtime = NULL;
    IGreeter *greeter = NULL;
    IGreeter2 *greeter2 = NULL;
    IUnknown *unknown = NULL;
    char *text = NULL;
    LONG count = 0;
    int ok;
    if (argc != 2) {
        fprintf(stderr, "usage: classic_host REGISTRY.toml\n");
        return 2;
    }
    ok = check("ucom_runtime_open", ucom_runtime_open((const char *const *)&argv[1], 1, &runtime)) &&
         check("create", ucom_runtime_create_instance(runtime, &CLSID_ClassicGreeter, &IID_IGreeter, (void **)&greeter)) &&
         check("Greet", IGreeter_Greet(greeter, "ada", &text));
    if (ok) {
        printf("%s\n", text);
        CoTaskMemFree(text);
        ok = check("QueryInterface(IGreeter2)",
                   greeter->lpVtbl->QueryInterface(greeter, &IID_IGreeter2, (void **)&greeter2)) &&
             check("Greet", greeter2->lpVtbl->Greet(greeter2, "grace", &text));
    }
    if (ok) {
        printf("%s\n", text);
        CoTaskMemFree(text);
        ok = check("Count", IGreeter2_Count(greeter2, &count)) &&
             check("QueryInterface(IUnknown)", IGreeter2_QueryInterface(greeter2, &IID_IUnknown, (void **)&unknown));
    }
    if (ok) {
        printf("greetings: %d\n", (int)count);
        printf("IGreeter2 is %sIGreeter\n", IsEqualIID(&IID_IGreeter2, &IID_IGreeter) ? "" : "not ");
        printf("identity: %s\n", (void *)unknown == (void *)greeter ? "same object" : "different objects");
    }
    if (unknown != NULL) {
        IUnknown_Release(unknown);
    }
    if (greeter2 != NULL) {
        IGreeter2_Release(greeter2);
    }
    if (greeter != NULL) {
        IGreeter_Release(greeter);
    }
    ucom_runtime_close(runtime);
    return ok ? 0 : 1;
}
