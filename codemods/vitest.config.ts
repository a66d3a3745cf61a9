import { defineProjectConfig } from '../vitest.preset.js';

export default defineProjectConfig(import.meta.dirname, 'codemods');
