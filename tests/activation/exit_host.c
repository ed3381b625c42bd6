/* A C host that leaves its runtime open and ends: by returning from main ("return") or by
 * calling exit() at once ("exit"), as many C programs do. Usage: exit_host REGISTRY MODE.
 * Activates Test.ExitWatcher, whose module activates again while the process exits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ucom/runtime.h>

#include "exit_time.h"

/* Left open on purpose; a global, so that LeakSanitizer counts it as reachable. */
static ucom_runtime *runtime = NULL;

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: exit_host REGISTRY return|exit\n", stderr);
        return 2;
    }
    const char *files[] = {argv[1]};
    IExitProbe *watcher = NULL;
    if (FAILED(ucom_runtime_open(files, 1, &runtime)) ||
        FAILED(ucom_runtime_create_instance_by_name(runtime, "Test.ExitWatcher", &IID_IExitProbe, (void **)&watcher))) {
        fputs("exit_host: activation failed\n", stderr);
        return 1;
    }
    IExitProbe_Release(watcher);
    if (strcmp(argv[2], "exit") == 0) {
        exit(0);
    }
    return 0;
}
