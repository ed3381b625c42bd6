/* Must compile as strict C99 without warnings: the C headers a C plugin includes. */
#include <ucom/abi.h>
#include <ucom/ucom.h>

#include "calculator.h"

HRESULT c_plugin_entry(IUnknown *object, ICalculator **out);
HRESULT c_plugin_entry(IUnknown *object, ICalculator **out)
{
    return IUnknown_QueryInterface(object, &IID_ICalculator, (void **)out);
}
