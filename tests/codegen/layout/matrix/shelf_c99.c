/* Compiled with -fsyntax-only as C99 by every C compiler of the layout matrix: the header of
 * the projection's test IDL (tests/projection/shelf.idl). */
#include "shelf.h"

HRESULT shelf_c_client(IShelf2 *shelf);
HRESULT shelf_c_client(IShelf2 *shelf)
{
    int32_t sum = 0;
    return IShelf2_Add(shelf, 1, 2, &sum);
}
