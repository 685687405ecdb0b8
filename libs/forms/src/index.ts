export * from './form-definition';
export * from './cell-value';
export * from './definition-validator';
export * from './form-calc';
export * from './entities/form-definition.entity';
export * from './forms.service';
export * from './forms.module';
export * from './form-workbook';
