/* Crosstool.C.Shapes: a component in plain C99 over the generated C header and the C API,
 * with its own vtables, reference counts, QueryInterface and class factory. Built out of
 * tree with `cc` and `pkg-config --cflags --libs ucom` (tests/crosstool/check_crosstool.cmake). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The IIDs and CLSIDs of the headers below are defined in this file, the plugin's only one
 * (the generated headers declare them with DEFINE_GUID, as widl's do). */
#define INITGUID
#include <ucom/module.h>
#include <ucom/ucom.h>

#include "shapes.h"

static const char source[] = "Crosstool.C.Shapes";

/* Objects and server locks alive, for DllCanUnloadNow. Threading is "both": counts are
 * atomic (the GCC/Clang builtins, as C99 has no atomics). */
static long module_count;

static void module_add(void)
{
    __atomic_add_fetch(&module_count, 1, __ATOMIC_RELAXED);
}
static void module_remove(void)
{
    __atomic_sub_fetch(&module_count, 1, __ATOMIC_RELEASE);
}

static int same_guid(REFIID a, const GUID *b)
{
    return memcmp(a, b, sizeof(GUID)) == 0;
}

static HRESULT fail(HRESULT code, const char *message)
{
    ucom_set_error_info(code, source, message);
    return code;
}

/* QueryInterface of an object that answers to IUnknown and `own`; `refs` is its count, or
 * NULL for the static factory. */
static HRESULT query(void *This, ULONG *refs, const IID *own, REFIID riid, void **ppv)
{
    if (ppv == NULL) {
        return E_POINTER;
    }
    *ppv = NULL;
    if (riid == NULL) {
        return E_INVALIDARG;
    }
    if (!same_guid(riid, &IID_IUnknown) && !same_guid(riid, own)) {
        return E_NOINTERFACE;
    }
    if (refs != NULL) {
        __atomic_add_fetch(refs, 1, __ATOMIC_RELAXED);
    }
    *ppv = This;
    return S_OK;
}

/* Release of a heap object whose count is `refs`. */
static ULONG release(void *object, ULONG *refs)
{
    ULONG left = __atomic_sub_fetch(refs, 1, __ATOMIC_ACQ_REL);
    if (left == 0) {
        free(object);
        module_remove();
    }
    return left;
}

/* Checks a shape's discriminant and arm; S_OK or E_INVALIDARG with error info. */
static HRESULT check_shape(const Shape *shape)
{
    char message[64];
    if (shape == NULL) {
        return fail(E_POINTER, "no shape");
    }
    switch (shape->kind) {
    case SHAPE_CIRCLE:
        return shape->value.radius >= 0 ? S_OK : fail(E_INVALIDARG, "a circle's radius is negative");
    case SHAPE_RECTANGLE:
    case SHAPE_TRIANGLE:
        return S_OK;
    default:
        snprintf(message, sizeof message, "unknown shape kind %ld", (long)shape->kind);
        return fail(E_INVALIDARG, message);
    }
}

static double area_of(const Shape *shape)
{
    const Point *c = shape->value.triangle.corners;
    double twice = 0;
    switch (shape->kind) {
    case SHAPE_CIRCLE:
        return 3.14159265358979323846 * shape->value.radius * shape->value.radius;
    case SHAPE_RECTANGLE:
        return shape->value.size.x * shape->value.size.y;
    default:
        twice = (c[1].x - c[0].x) * (c[2].y - c[0].y) - (c[2].x - c[0].x) * (c[1].y - c[0].y);
        return twice < 0 ? -twice / 2 : twice / 2;
    }
}

/* ---- the holder: IShapeHolder over a copy of a shape ---- */

typedef struct holder {
    IShapeHolder iface; /* first: the interface pointer is the object's address */
    ULONG refs;
    Shape shape;
} holder;

static HRESULT holder_query_interface(IShapeHolder *This, REFIID riid, void **ppv)
{
    return query(This, &((holder *)This)->refs, &IID_IShapeHolder, riid, ppv);
}

static ULONG holder_add_ref(IShapeHolder *This)
{
    return __atomic_add_fetch(&((holder *)This)->refs, 1, __ATOMIC_RELAXED);
}

static ULONG holder_release(IShapeHolder *This)
{
    return release(This, &((holder *)This)->refs);
}

static HRESULT holder_get(IShapeHolder *This, Shape *shape)
{
    if (shape == NULL) {
        return fail(E_POINTER, "no place for the shape");
    }
    *shape = ((holder *)This)->shape;
    return S_OK;
}

static const IShapeHolderVtbl holder_vtbl = {holder_query_interface, holder_add_ref, holder_release, holder_get};

/* ---- the component: IShapes ---- */

typedef struct shapes {
    IShapes iface;
    ULONG refs;
} shapes;

static HRESULT shapes_query_interface(IShapes *This, REFIID riid, void **ppv)
{
    return query(This, &((shapes *)This)->refs, &IID_IShapes, riid, ppv);
}

static ULONG shapes_add_ref(IShapes *This)
{
    return __atomic_add_fetch(&((shapes *)This)->refs, 1, __ATOMIC_RELAXED);
}

static ULONG shapes_release(IShapes *This)
{
    return release(This, &((shapes *)This)->refs);
}

static HRESULT shapes_area(IShapes *This, const Shape *shape, double *area)
{
    HRESULT hr = check_shape(shape);
    (void)This;
    if (area == NULL) {
        return fail(E_POINTER, "no place for the area");
    }
    *area = SUCCEEDED(hr) ? area_of(shape) : 0;
    return hr;
}

static HRESULT shapes_describe(IShapes *This, const Shape *shape, char **text)
{
    char buffer[160];
    const Point *c = NULL;
    HRESULT hr = check_shape(shape);
    (void)This;
    if (text == NULL) {
        return fail(E_POINTER, "no place for the text");
    }
    *text = NULL;
    if (FAILED(hr)) {
        return hr;
    }
    if (shape->kind == SHAPE_CIRCLE) {
        snprintf(buffer, sizeof buffer, "circle r=%g", shape->value.radius);
    } else if (shape->kind == SHAPE_RECTANGLE) {
        /* "×" is two bytes of UTF-8: the text crosses as bytes, whatever each side's locale. */
        snprintf(buffer, sizeof buffer, "rectangle %g\xC3\x97%g", shape->value.size.x, shape->value.size.y);
    } else {
        c = shape->value.triangle.corners;
        snprintf(buffer, sizeof buffer, "triangle (%g,%g) (%g,%g) (%g,%g)", c[0].x, c[0].y, c[1].x, c[1].y, c[2].x,
                 c[2].y);
    }
    *text = ucom_strdup(buffer);
    return *text != NULL ? S_OK : fail(E_OUTOFMEMORY, "out of memory");
}

static HRESULT shapes_total(IShapes *This, uint32_t count, const Shape *list, const double *scale, double *total)
{
    uint32_t i = 0;
    HRESULT hr = S_OK;
    (void)This;
    if (total == NULL || (list == NULL && count > 0)) {
        return fail(E_POINTER, "no shapes or no place for the total");
    }
    *total = 0;
    for (i = 0; i < count; ++i) {
        hr = check_shape(&list[i]);
        if (FAILED(hr)) {
            *total = 0;
            return hr;
        }
        *total += area_of(&list[i]);
    }
    if (scale != NULL) {
        *total *= *scale;
    }
    return S_OK;
}

static HRESULT shapes_corners(IShapes *This, const Shape *shape, const Point *origin, uint32_t *count, Point **corners)
{
    static const Point zero = {0, 0};
    const Point at = origin != NULL ? *origin : zero;
    uint32_t i = 0;
    HRESULT hr = check_shape(shape);
    (void)This;
    if (count == NULL || corners == NULL) {
        return fail(E_POINTER, "no place for the corners");
    }
    *count = 0;
    *corners = NULL;
    if (FAILED(hr) || shape->kind == SHAPE_CIRCLE) {
        return hr;
    }
    *count = shape->kind == SHAPE_RECTANGLE ? 4 : 3;
    *corners = (Point *)ucom_alloc(*count * sizeof(Point));
    if (*corners == NULL) {
        *count = 0;
        return fail(E_OUTOFMEMORY, "out of memory");
    }
    if (shape->kind == SHAPE_RECTANGLE) {
        for (i = 0; i < 4; ++i) {
            (*corners)[i].x = at.x + ((i == 1 || i == 2) ? shape->value.size.x : 0);
            (*corners)[i].y = at.y + (i >= 2 ? shape->value.size.y : 0);
        }
    } else {
        for (i = 0; i < 3; ++i) {
            (*corners)[i].x = at.x + shape->value.triangle.corners[i].x;
            (*corners)[i].y = at.y + shape->value.triangle.corners[i].y;
        }
    }
    return S_OK;
}

static HRESULT shapes_hold(IShapes *This, const Shape *shape, REFIID riid, void **ppv)
{
    holder *made = NULL;
    HRESULT hr = check_shape(shape);
    (void)This;
    if (ppv == NULL) {
        return fail(E_POINTER, "no place for the holder");
    }
    *ppv = NULL;
    if (FAILED(hr)) {
        return hr;
    }
    made = (holder *)malloc(sizeof *made);
    if (made == NULL) {
        return fail(E_OUTOFMEMORY, "out of memory");
    }
    made->iface.lpVtbl = &holder_vtbl;
    made->refs = 1;
    made->shape = *shape;
    module_add();
    hr = holder_query_interface(&made->iface, riid, ppv);
    holder_release(&made->iface);
    return hr;
}

static const IShapesVtbl shapes_vtbl = {shapes_query_interface, shapes_add_ref, shapes_release, shapes_area,
                                        shapes_describe,        shapes_total,   shapes_corners, shapes_hold};

/* ---- the class factory: one static object, counted by its server locks ---- */

static HRESULT factory_query_interface(IClassFactory *This, REFIID riid, void **ppv)
{
    return query(This, NULL, &IID_IClassFactory, riid, ppv);
}

/* The factory is static: its references keep the module loaded through the runtime's
 * cache, not through a count of its own. */
static ULONG factory_add_ref(IClassFactory *This)
{
    (void)This;
    return 2;
}

static ULONG factory_release(IClassFactory *This)
{
    (void)This;
    return 1;
}

static HRESULT factory_create_instance(IClassFactory *This, IUnknown *outer, REFIID riid, void **ppv)
{
    shapes *made = NULL;
    HRESULT hr = S_OK;
    (void)This;
    if (ppv == NULL) {
        return E_POINTER;
    }
    *ppv = NULL;
    if (outer != NULL) {
        return CLASS_E_NOAGGREGATION;
    }
    made = (shapes *)malloc(sizeof *made);
    if (made == NULL) {
        return fail(E_OUTOFMEMORY, "out of memory");
    }
    made->iface.lpVtbl = &shapes_vtbl;
    made->refs = 1;
    module_add();
    hr = shapes_query_interface(&made->iface, riid, ppv);
    shapes_release(&made->iface);
    return hr;
}

static HRESULT factory_lock_server(IClassFactory *This, BOOL lock)
{
    (void)This;
    if (lock) {
        module_add();
    } else {
        module_remove();
    }
    return S_OK;
}

static const IClassFactoryVtbl factory_vtbl = {factory_query_interface, factory_add_ref, factory_release,
                                               factory_create_instance, factory_lock_server};
static IClassFactory factory = {&factory_vtbl};

HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    if (ppv == NULL) {
        return E_POINTER;
    }
    *ppv = NULL;
    if (clsid == NULL || !same_guid(clsid, &CLSID_CShapes)) {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    return factory_query_interface(&factory, riid, ppv);
}

HRESULT DllCanUnloadNow(void)
{
    return __atomic_load_n(&module_count, __ATOMIC_ACQUIRE) == 0 ? S_OK : S_FALSE;
}
