/* layer_check.c — the main() of the layer-check-NAME executables
 * (meson.build): each links the whole archive of one layer with only the
 * layers below it, so a call upward is an undefined symbol and the build
 * fails.  Nothing runs. */
int main(void);
int main(void) { return 0; }
