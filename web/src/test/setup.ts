// Vitest setup: unmount React trees between tests, and give findBy*/waitFor a deadline that
// holds on a loaded CI machine (two cores shared with the C++ and browser tests): the default
// 1 s was missed once there. It is a deadline, not a wait: passing tests return as soon as the
// element appears.
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

configure({ asyncUtilTimeout: 5000 });

afterEach(() => cleanup());
