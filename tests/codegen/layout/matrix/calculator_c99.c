/* Compiled with -fsyntax-only as strict C99 by every C compiler of the layout matrix:
 * examples/calculator's generated calculator.h, every call macro once. */
#include <stddef.h>

#include "calculator.h"

HRESULT calculator_c_client(ICalculator2 *calculator, IDescribe *describe);
HRESULT calculator_c_client(ICalculator2 *calculator, IDescribe *describe)
{
    int32_t sum = 0;
    int32_t quotient = 0;
    int32_t product = 0;
    char *text = NULL;
    HRESULT hr = ICalculator2_Add(calculator, 1, 2, &sum);
    hr |= ICalculator2_Divide(calculator, sum, 2, &quotient);
    hr |= ICalculator2_Multiply(calculator, quotient, 3, &product);
    hr |= ICalculator_Add((ICalculator *)calculator, product, 1, &sum);
    hr |= IDescribe_Describe(describe, &text);
    return hr;
}
