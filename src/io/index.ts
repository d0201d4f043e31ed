// tt.io: weight files as bytes (safetensors, npy), the same in every runtime.
import { loadNpy, saveNpy } from "./npy.js";
import { loadSafetensors, saveSafetensors } from "./safetensors.js";

export const io = { saveSafetensors, loadSafetensors, saveNpy, loadNpy };
