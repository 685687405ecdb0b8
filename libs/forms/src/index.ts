import { FormDefinitionEntity } from './entities/form-definition.entity';

export * from './form-definition';
export * from './cell-value';
export * from './cell-format';
export * from './definition-validator';
export * from './form-calc';
export * from './entities/form-definition.entity';
export * from './forms.errors';
export * from './forms.repository';
export * from './forms.service';
export * from './forms.module';
export * from './workbook';

/** The tables this context owns. */
export const FORMS_ENTITIES = [FormDefinitionEntity];
