/* A plugin whose DllGetClassObject is data, not a function: a loader that called it would
 * jump into these bytes. It carries the calculator's module descriptor. */
__attribute__((visibility("default"))) const unsigned char DllGetClassObject[16] = {0};
