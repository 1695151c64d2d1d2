from django.contrib import admin

from .models import Audit, Budget, LearningReview, Priority, Subgroup, TrainingCourse

for model in (LearningReview, Audit, Budget, Priority, Subgroup, TrainingCourse):
    admin.site.register(model)
