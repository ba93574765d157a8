export { InputValidationPipe } from './validation.pipe.js';
export { IsCleanText, IsNotBlank, TEXT, TextField } from './text.js';
