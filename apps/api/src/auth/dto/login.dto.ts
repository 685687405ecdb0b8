import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** Documents the body; LoginBodyGuard checks it after the throttles counted the attempt. */
export const LoginSchema = z.object({
  username: z.string().max(64),
  password: z.string().max(200),
});

export class LoginDto extends createZodDto(LoginSchema) {}
