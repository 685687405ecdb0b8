import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Checked by the local strategy before anything else (the throttle counts every attempt). */
export const LoginSchema = z.object({
  username: z.string().max(64),
  password: z.string().max(200),
});

export class LoginDto extends createZodDto(LoginSchema) {}
