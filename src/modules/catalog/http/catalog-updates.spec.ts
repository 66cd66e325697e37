import { AppValidationPipe } from '../../../common/http/validation';
import { UpdateCategoryDto } from './category.dto';
import { UpdateItemDto } from './item.dto';

const pipe = new AppValidationPipe();
const patch = async (metatype: new () => object, body: Record<string, unknown>): Promise<object> =>
  (await pipe.transform(body, { type: 'body', metatype })) as object;
const refusedFields = async (
  metatype: new () => object,
  body: Record<string, unknown>,
): Promise<string[]> => {
  try {
    await patch(metatype, body);
  } catch (error) {
    return [...new Set((error as { details: { field: string }[] }).details.map((d) => d.field))];
  }
  return [];
};

describe('catalog PATCH bodies: every field may be left out, null only where it clears', () => {
  it('a category: null clears the description, department and parent, and is refused for name and isActive', async () => {
    expect(await patch(UpdateCategoryDto, {})).toEqual({});
    expect(await patch(UpdateCategoryDto, { description: null, departmentId: null, parentId: null })).toEqual(
      {
        description: null,
        departmentId: null,
        parentId: null,
      },
    );
    expect(await refusedFields(UpdateCategoryDto, { name: null })).toEqual(['name']);
    expect(await refusedFields(UpdateCategoryDto, { isActive: null })).toEqual(['isActive']);
    expect(await refusedFields(UpdateCategoryDto, { name: '  ', parentId: 'x', color: 'red' })).toEqual([
      'color',
      'name',
      'parentId',
    ]);
    expect(await patch(UpdateCategoryDto, { name: '  Hardware ', isActive: false })).toEqual({
      name: 'Hardware',
      isActive: false,
    });
  });

  it('a service item: null removes the SLA override, the form and the chain, and is refused elsewhere', async () => {
    expect(
      await patch(UpdateItemDto, { slaResolutionHours: null, formSchema: null, approval: null }),
    ).toEqual({
      slaResolutionHours: null,
      formSchema: null,
      approval: null,
    });
    for (const field of [
      'categoryId',
      'name',
      'description',
      'departmentId',
      'defaultPriority',
      'isActive',
    ]) {
      expect(await refusedFields(UpdateItemDto, { [field]: null })).toEqual([field]);
    }
    expect(await refusedFields(UpdateItemDto, { slaResolutionHours: 0, defaultPriority: 'SOON' })).toEqual([
      'defaultPriority',
      'slaResolutionHours',
    ]);
    expect(await patch(UpdateItemDto, { name: ' Laptop ', defaultPriority: 'HIGH' })).toEqual({
      name: 'Laptop',
      defaultPriority: 'HIGH',
    });
  });
});
