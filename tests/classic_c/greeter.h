/* What module.c and greeter.c share: the greeter's creation and the module's lock count. */
#ifndef CLASSIC_GREETER_H
#define CLASSIC_GREETER_H

#include "classic.h"

HRESULT Greeter_Create(REFIID riid, void **ppv);
void module_lock(void);
void module_unlock(void);

#endif
