/* A C host: calls the C++ component through the generated C header. */
#include <stdio.h>

#include <ucom/ucom.h>

#include "greeter.h"

HRESULT greeter_create(IGreeter **out);

int main(void)
{
    IGreeter *greeter = NULL;
    char *text = NULL;
    if (FAILED(greeter_create(&greeter)) || FAILED(IGreeter_Greet(greeter, "ucom", &text))) {
        return 1;
    }
    printf("%s\n", text);
    ucom_free(text);
    IGreeter_Release(greeter);
    return 0;
}
