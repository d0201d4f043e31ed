// tt.io: weight files as bytes (safetensors, npy, npz), the same in every runtime.
import { loadNpy, saveNpy } from "./npy.js";
import { loadNpz, saveNpz } from "./npz.js";
import { loadSafetensors, saveSafetensors } from "./safetensors.js";

/** Weight files as bytes: safetensors, NumPy `.npy` and `.npz`, read and written the same in every runtime. */
export const io = { saveSafetensors, loadSafetensors, saveNpy, loadNpy, saveNpz, loadNpz };
