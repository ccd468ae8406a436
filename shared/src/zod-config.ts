import { z } from 'zod'

// Validation messages reach residents (field errors under VALIDATION_FAILED): say them in Chinese.
z.config(z.locales.zhCN())
